package com.example.shop.order;

/** Where an order goes. Personal data: events and read models keep it only sealed ({@link OrderPersonalData}). */
public record ShippingAddress(
        String name, String line1, String line2, String postalCode, String city, String country) {}
