package com.example.shop.order;

import com.example.shop.rules.InvalidCommandException;
import java.util.Map;

public class CurrencyMismatchException extends InvalidCommandException {
    public CurrencyMismatchException(String sku, String productCurrency, String orderCurrency) {
        super(
                "currency-mismatch",
                sku + " is priced in " + productCurrency + ", the order is in " + orderCurrency,
                Map.of("sku", sku, "productCurrency", productCurrency, "orderCurrency", orderCurrency));
    }
}
