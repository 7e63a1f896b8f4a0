package com.example.shop.command.inventory;

/**
 * Stock that another feature opens as part of its own command: it runs in the caller's unit of work, so a
 * product and its stock come into being together or not at all. Stock moves for orders by commands of its
 * own ({@code ReserveStockCommand} and the others), each at the node that writes that stock.
 */
public interface Inventory {

    void open(String sku, long initialQuantity);
}
