package com.example.shop.identity;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** A refused login, registration or refresh; answered as problem+json by {@link AccountProblemsAdvice}. */
class AuthenticationProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Duration retryAfter;

    private AuthenticationProblem(HttpStatus status, String code, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** Wrong e-mail or wrong password: the answer does not say which. */
    static AuthenticationProblem invalidCredentials() {
        return new AuthenticationProblem(
                HttpStatus.UNAUTHORIZED, "invalid-credentials", "The e-mail address or the password is wrong", null);
    }

    static AuthenticationProblem locked(Duration retryAfter) {
        return new AuthenticationProblem(
                HttpStatus.TOO_MANY_REQUESTS,
                "login-locked",
                "Too many login attempts for this address; try again later",
                retryAfter);
    }

    static AuthenticationProblem invalidRefreshToken() {
        return new AuthenticationProblem(
                HttpStatus.UNAUTHORIZED,
                "invalid-refresh-token",
                "The refresh token is unknown, used, expired or revoked; log in again",
                null);
    }

    static AuthenticationProblem emailTaken() {
        return new AuthenticationProblem(
                HttpStatus.CONFLICT, "email-taken", "An account with this e-mail address exists", null);
    }

    static AuthenticationProblem weakPassword(String detail) {
        return new AuthenticationProblem(HttpStatus.BAD_REQUEST, "weak-password", detail, null);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
