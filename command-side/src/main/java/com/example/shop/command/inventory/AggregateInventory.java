package com.example.shop.command.inventory;

import com.example.shop.catalog.UnknownProductException;
import com.example.shop.inventory.OpenStockCommand;
import com.example.shop.inventory.StockIds;
import com.example.shop.rules.DomainRuleViolation;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Moves stock by loading the {@link Stock} aggregates into the current unit of work. SKUs are always
 * visited in sorted order: two orders over the same SKUs then take the aggregate locks in the same
 * order and cannot deadlock.
 */
@Component
public class AggregateInventory implements Inventory {

    private final Repository<Stock> stockRepository;

    public AggregateInventory(Repository<Stock> stockRepository) {
        this.stockRepository = stockRepository;
    }

    @Override
    public void open(String sku, long initialQuantity) {
        try {
            stockRepository.newInstance(() -> new Stock(new OpenStockCommand(sku, initialQuantity)));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not open stock of " + sku, e);
        }
    }

    @Override
    public void reserve(String orderId, Map<String, Long> quantitiesBySku) {
        new TreeMap<>(quantitiesBySku).forEach((sku, quantity) -> load(sku).execute(s -> s.reserve(orderId, quantity)));
    }

    @Override
    public void release(String orderId, Collection<String> skus) {
        each(skus, (stock, sku) -> stock.execute(s -> s.release(orderId)));
    }

    @Override
    public void commit(String orderId, Collection<String> skus) {
        each(skus, (stock, sku) -> stock.execute(s -> s.commit(orderId)));
    }

    private void each(Collection<String> skus, BiConsumer<Aggregate<Stock>, String> action) {
        new TreeSet<>(skus).forEach(sku -> action.accept(load(sku), sku));
    }

    private Aggregate<Stock> load(String sku) {
        try {
            return stockRepository.load(StockIds.of(sku));
        } catch (AggregateNotFoundException e) {
            throw new UnknownProductException(sku, DomainRuleViolation.Category.UNPROCESSABLE);
        }
    }
}
