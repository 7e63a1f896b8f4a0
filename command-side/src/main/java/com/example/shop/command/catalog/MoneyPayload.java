package com.example.shop.command.catalog;

import com.example.shop.money.Money;
import com.example.shop.rules.InvalidCommandException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;

/** Money as it crosses the HTTP boundary: validated before it becomes a {@link Money}. */
public record MoneyPayload(
        @NotNull @Min(0) @Max(Product.MAX_PRICE_MINOR) Long amountMinor,
        @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {

    public Money toMoney() {
        if (!Money.isIsoCurrency(currency)) {
            throw new InvalidCommandException(
                    "invalid-currency", currency + " is not an ISO 4217 currency", Map.of("field", "currency"));
        }
        return new Money(amountMinor, currency);
    }
}
