package com.example.shop.identity;

import com.example.shop.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccountProblemsAdvice {

    @ExceptionHandler(AuthenticationProblem.class)
    ResponseEntity<ProblemDetail> refused(AuthenticationProblem problem) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (problem.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Problems.retryAfter(problem.retryAfter()));
        }
        return answer.body(Problems.of(
                problem.status(), problem.code(), problem.status().getReasonPhrase(), problem.getMessage()));
    }
}
