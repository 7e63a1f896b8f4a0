package com.example.shop.command.order;

import com.example.shop.command.inventory.Inventory;
import com.example.shop.rules.DomainRuleViolation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Records what the order handler asked of the inventory; can be told to refuse the next reservation. */
class RecordingInventory implements Inventory {

    final List<String> calls = new ArrayList<>();
    DomainRuleViolation refuseWith;

    @Override
    public void open(String sku, long initialQuantity) {
        calls.add("open " + sku + " " + initialQuantity);
    }

    @Override
    public void reserve(String orderId, Map<String, Long> quantitiesBySku) {
        if (refuseWith != null) {
            throw refuseWith;
        }
        calls.add("reserve " + orderId + " " + quantitiesBySku);
    }

    @Override
    public void release(String orderId, Collection<String> skus) {
        calls.add("release " + orderId + " " + skus);
    }

    @Override
    public void commit(String orderId, Collection<String> skus) {
        calls.add("commit " + orderId + " " + skus);
    }
}
