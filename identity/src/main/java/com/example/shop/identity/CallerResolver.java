package com.example.shop.identity;

import com.example.shop.platform.Caller;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Hands controllers the {@link Caller} of a request, read from its verified access token. */
@Configuration(proxyBeanMethods = false)
public class CallerResolver implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    static {
        // not a request parameter: keep it out of the API description
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binders) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt token)) {
            throw new InsufficientAuthenticationException("no access token");
        }
        List<String> roles = token.getClaimAsStringList(AccessTokens.ROLES);
        if (roles != null && roles.contains(SecurityConfiguration.ADMIN)) {
            return Caller.staffMember();
        }
        String customerId = token.getClaimAsString(AccessTokens.CUSTOMER_ID);
        if (customerId == null) {
            throw new InsufficientAuthenticationException("the access token names no customer");
        }
        return Caller.customer(customerId);
    }
}
