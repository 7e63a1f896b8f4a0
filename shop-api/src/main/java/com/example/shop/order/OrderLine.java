package com.example.shop.order;

import com.example.shop.money.Money;

/** A priced order line, as the catalog priced it when the order was placed. */
public record OrderLine(String sku, String productName, long quantity, Money unitPrice, Money lineTotal) {}
