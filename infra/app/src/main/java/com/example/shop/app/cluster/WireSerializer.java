package com.example.shop.app.cluster;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Nonnull;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.util.List;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * What the cluster's wire carries commands, their metadata and their answers in: Axon's message serializer, except
 * that a list keeps the type of its elements. Axon names a payload by its class alone, so a handler's
 * {@code List<ClaimDecision>} arrived on the sending node as a list of maps; here its type is written as
 * {@code java.util.List<com.example.shop.campaign.ClaimDecision>} and read back as such. Nothing written with this
 * serializer is stored: events, snapshots, sagas and tokens keep Axon's own serializer.
 */
final class WireSerializer implements org.axonframework.serialization.Serializer {

    static final String LIST_OF = "java.util.List<";

    private final JacksonSerializer delegate;
    private final ObjectMapper mapper;

    WireSerializer(JacksonSerializer delegate) {
        this.delegate = delegate;
        this.mapper = delegate.getObjectMapper();
    }

    @Override
    public <T> SerializedObject<T> serialize(@Nullable Object object, @Nonnull Class<T> expectedRepresentation) {
        Class<?> elementType = object instanceof List<?> list ? elementTypeOf(list) : null;
        if (elementType == null) {
            return delegate.serialize(object, expectedRepresentation);
        }
        try {
            byte[] json = mapper.writerFor(listOf(elementType)).writeValueAsBytes(object);
            return new SimpleSerializedObject<>(
                    delegate.getConverter().convert(json, expectedRepresentation),
                    expectedRepresentation,
                    new SimpleSerializedType(LIST_OF + elementType.getName() + ">", null));
        } catch (IOException e) {
            throw new SerializationException("Unable to serialize a list of " + elementType.getName(), e);
        }
    }

    @Override
    public <T> boolean canSerializeTo(@Nonnull Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(@Nonnull SerializedObject<S> serializedObject) {
        String name = serializedObject.getType().getName();
        if (!name.startsWith(LIST_OF) || !name.endsWith(">")) {
            return delegate.deserialize(serializedObject);
        }
        Class<?> elementType = delegate.classForType(
                new SimpleSerializedType(name.substring(LIST_OF.length(), name.length() - 1), null));
        if (UnknownSerializedType.class.equals(elementType)) {
            throw new SerializationException("Unknown element type of a list: " + name);
        }
        byte[] json = delegate.getConverter()
                .convert(serializedObject.getData(), serializedObject.getContentType(), byte[].class);
        try {
            return (T) mapper.readValue(json, listOf(elementType));
        } catch (IOException e) {
            throw new SerializationException("Unable to deserialize " + name, e);
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(@Nonnull SerializedType type) {
        return type.getName().startsWith(LIST_OF) ? List.class : delegate.classForType(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(@Nullable Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }

    private JavaType listOf(Class<?> elementType) {
        return mapper.getTypeFactory().constructCollectionType(List.class, elementType);
    }

    /** The one class of the list's elements, or null when it is empty or mixed (it is then written as Axon would). */
    private static Class<?> elementTypeOf(List<?> list) {
        Class<?> type = null;
        for (Object element : list) {
            if (element == null) {
                continue;
            }
            if (type == null) {
                type = element.getClass();
            } else if (!type.equals(element.getClass())) {
                return null;
            }
        }
        return type;
    }
}
