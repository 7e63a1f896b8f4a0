package com.example.shop.order;

import com.example.shop.common.Money;

/** A checked discount claim and its percentage, before it is applied to an order's gross total. */
record OrderDiscountTerms(String campaignId, String claimId, int percent) {

    OrderDiscount on(Money gross) {
        return new OrderDiscount(campaignId, claimId, percent, gross.percent(percent));
    }
}
