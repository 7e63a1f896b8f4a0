package com.example.bare;

import java.util.Map;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bare baseline of the front benchmark: one JSON endpoint on Spring Boot's embedded Tomcat, Spring MVC and
 * Jackson, and nothing else (no security, no actuator, no filters, none of the service's beans or properties).
 * Outside {@code com.example.shop}, so that the service's component scan does not pick it up.
 */
@RestController
@ImportAutoConfiguration({
    ServletWebServerFactoryAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class
})
public class BareApplication {

    public static final String PATH = "/bare";

    @GetMapping(PATH)
    Map<String, Object> answer() {
        return Map.of("status", "UP", "service", "bare");
    }

    /**
     * Starts it on a free port. It reads no application properties (its own config name), only {@code args}, so the
     * caller passes the Tomcat settings it wants compared.
     */
    public static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--server.port=0";
        all[1] = "--spring.config.name=bare-baseline";
        all[2] = "--shop.embedded.enabled=false";
        all[3] = "--spring.main.banner-mode=off";
        System.arraycopy(args, 0, all, 4, args.length);
        return new SpringApplicationBuilder(BareApplication.class).run(all);
    }
}
