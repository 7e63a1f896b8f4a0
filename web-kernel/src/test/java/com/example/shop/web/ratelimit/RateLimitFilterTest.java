package com.example.shop.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RateLimitFilterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RateLimitSettings.Budget two = new RateLimitSettings.Budget(2, Duration.ofMinutes(1));
    private final RateLimitSettings settings =
            new RateLimitSettings(true, 100, "", Duration.ofSeconds(1), two, two, two, two);

    private MockHttpServletResponse send(RateLimitFilter filter, MockFilterChain chain, String method, String path)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRemoteAddr("203.0.113.9");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    @Test
    void aRequestOverBudgetIsAnsweredWithAProblemAndNeverReachesTheApplication() throws Exception {
        RateLimitFilter filter = new RateLimitFilter(settings, new LocalBudgets(settings), new ObjectMapper(), meters);
        send(filter, new MockFilterChain(), "GET", "/products");
        MockHttpServletResponse second = send(filter, new MockFilterChain(), "GET", "/products");
        assertThat(second.getHeader("RateLimit-Remaining")).isEqualTo("0");

        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse refused = send(filter, chain, "GET", "/products/X");

        assertThat(chain.getRequest()).isNull();
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"type\":\"/problems/rate-limited\"");
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 30L);
        assertThat(refused.getHeader("RateLimit-Policy")).isEqualTo("2;w=60");
        // orders have a budget of their own, and staff writes have none
        assertThat(send(filter, new MockFilterChain(), "POST", "/orders").getStatus())
                .isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(send(filter, new MockFilterChain(), "POST", "/admin/campaigns")
                            .getStatus())
                    .isEqualTo(200);
        }
        assertThat(meters.get("shop.rate-limit.requests")
                        .tag("class", "reads")
                        .tag("outcome", "limited")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void budgetsThatCannotBeReadLetTheRequestThrough() throws Exception {
        Budgets unreachable = (caller, endpoints) -> {
            throw new IllegalStateException("Redis is down");
        };
        RateLimitFilter filter = new RateLimitFilter(settings, unreachable, new ObjectMapper(), meters);
        MockFilterChain chain = new MockFilterChain();

        MockHttpServletResponse answer = send(filter, chain, "GET", "/products");

        assertThat(chain.getRequest()).isNotNull();
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(meters.get("shop.rate-limit.unchecked").counter().count()).isEqualTo(1);
    }
}
