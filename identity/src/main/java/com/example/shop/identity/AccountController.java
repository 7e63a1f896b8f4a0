package com.example.shop.identity;

import com.example.shop.web.idempotency.IdempotencyFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/auth")
@Tag(name = "Accounts", description = "Registration, login, token refresh and logout")
public class AccountController {

    /** Printable characters only: no control characters in what is stored or logged. */
    private static final String PRINTABLE = "[^\\p{Cntrl}]*";

    private final Accounts accounts;
    private final Sessions sessions;

    public AccountController(Accounts accounts, Sessions sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    public record RegisterRequest(
            @NotNull @EmailAddress String email,

            @NotNull @Size(min = 12, max = 128) @Pattern(regexp = PRINTABLE)
            String password) {
        public RegisterRequest {
            email = EmailAddresses.normalise(email);
        }
    }

    public record Registered(String accountId, String customerId, String email) {}

    public record LoginRequest(
            @NotNull @EmailAddress String email,
            @NotNull @Size(max = 128) String password) {
        public LoginRequest {
            email = EmailAddresses.normalise(email);
        }
    }

    public record RefreshRequest(@NotNull @Size(max = 100) String refreshToken) {}

    public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {
        static TokenResponse of(Accounts.Tokens tokens) {
            return new TokenResponse(tokens.accessToken(), "Bearer", tokens.expiresIn(), tokens.refreshToken());
        }
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a customer account (password: 12 to 128 characters)")
    public ResponseEntity<Registered> register(@Valid @RequestBody RegisterRequest request) {
        Accounts.Registration registration =
                accounts.register(request.email(), request.password(), Accounts.Role.CUSTOMER);
        Accounts.Account account = registration.account();
        IdempotencyFilter.answerHoldsPersonalDataOf(account.customerId()); // the address: kept only sealed
        return ResponseEntity.created(URI.create("/customers/" + account.customerId() + "/orders"))
                .body(new Registered(account.id().toString(), account.customerId(), registration.email()));
    }

    @PostMapping("/login")
    @Operation(
            summary = "Log in: a short-lived access token (Bearer) and a refresh token that works once",
            description = "401 /problems/invalid-credentials for a wrong address or password; 429 "
                    + "/problems/login-locked with Retry-After after too many attempts for the address.")
    public ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request) {
        return noStore(sealedForIdempotency(accounts.login(request.email(), request.password())));
    }

    @PostMapping("/refresh")
    @Operation(summary = "Trade a refresh token for new tokens; a refresh token used twice ends its session")
    public ResponseEntity<TokenResponse> refresh(@Valid @RequestBody RefreshRequest request) {
        return noStore(sealedForIdempotency(accounts.refresh(request.refreshToken())));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End the session of this refresh token; its access tokens stop working within seconds")
    public void logout(@Valid @RequestBody RefreshRequest request) {
        sessions.logout(request.refreshToken());
    }

    /** Tokens are credentials: a replayable answer holding them is kept only sealed, under the account's key. */
    private static TokenResponse sealedForIdempotency(Accounts.Tokens tokens) {
        IdempotencyFilter.answerHoldsPersonalDataOf(tokens.accountId().toString());
        return TokenResponse.of(tokens);
    }

    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
