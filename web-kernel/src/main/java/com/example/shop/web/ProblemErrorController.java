package com.example.shop.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Spring Boot's error page ({@code /error}, Boot's own JSON or HTML): whatever reaches it, an
 * exception that escaped a filter or a {@code sendError} from anywhere in the container, is answered as
 * a problem with a stable type for its status and no internals. A request for {@code /error} itself is 404.
 */
@Controller
@Hidden
public class ProblemErrorController implements ErrorController {

    private final ObjectMapper mapper;

    public ProblemErrorController(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 ? value : 404;
        response.resetBuffer();
        Problems.write(
                response,
                mapper,
                Problems.forStatus(
                        status,
                        switch (status) {
                            case 404 -> "No such resource";
                            case 500 -> "The request could not be processed";
                            default -> "The request could not be processed (" + status + ")";
                        }));
    }
}
