package com.example.shop.identity;

import com.example.shop.platform.Caller;
import com.example.shop.privacy.keys.CustomerDataKeys;
import com.example.shop.rules.CustomerNotFoundException;
import com.example.shop.web.idempotency.IdempotencyStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Accounts")
public class ErasureController {

    private final CustomerDataKeys dataKeys;
    private final Accounts accounts;
    private final IdempotencyStore idempotency;
    private final TransactionTemplate transactions;

    public ErasureController(
            CustomerDataKeys dataKeys,
            Accounts accounts,
            IdempotencyStore idempotency,
            TransactionTemplate transactions) {
        this.dataKeys = dataKeys;
        this.accounts = accounts;
        this.idempotency = idempotency;
        this.transactions = transactions;
    }

    @DeleteMapping("/customers/{customerId}/personal-data")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Erase a customer (themselves or staff): their data key is deleted, so their addresses and "
                    + "card tokens read as erased everywhere, events included; their account is anonymised (its e-mail address "
                    + "and its blind index are gone) and logged out, and stored answers holding their data are deleted. "
                    + "Orders, totals and stock stay")
    public void erase(
            @PathVariable @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._@-]+") String customerId, Caller caller) {
        if (!caller.mayActFor(customerId)) {
            throw new CustomerNotFoundException(customerId);
        }
        transactions.executeWithoutResult(status -> {
            dataKeys.erase(customerId);
            accounts.anonymise(customerId);
            idempotency.forgetAnswersOf(customerId);
        });
    }
}
