package com.example.shop.command.inventory;

import com.example.shop.inventory.OpenStockCommand;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Opens a {@link Stock} aggregate in the current unit of work. */
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
}
