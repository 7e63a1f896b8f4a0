package com.example.shop.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.campaign.ClaimDiscountsCommand;
import com.example.shop.campaign.ClaimRequest;
import com.example.shop.inventory.RestockCommand;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.distributed.RoutingStrategy;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.junit.jupiter.api.Test;

/**
 * In a cluster a command reaches the node that owns its routing key; it must be the identifier of the aggregate the
 * command is for, or two nodes would decide one aggregate (and answer 409 when their appends collide).
 */
class CommandRoutingTest {

    private final RoutingStrategy routing = new ClusterConfiguration.Enabled().routingStrategy();
    private final CommandTargetResolver targets =
            AnnotationCommandTargetResolver.builder().build();

    @Test
    void everyCommandOfTheContractRoutesByTheIdentifierOfTheAggregateItIsFor() throws Exception {
        List<Class<?>> commands = new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("com.example.shop")
                        .stream()
                        .filter(type -> type.getSimpleName().endsWith("Command"))
                        .filter(type -> type.getSource()
                                .map(source -> source.getUri().toString().contains("/shop-api/"))
                                .orElse(false))
                        .map(JavaClass::reflect)
                        .toList();
        assertThat(commands)
                .as("the contract's commands")
                .hasSizeGreaterThan(15)
                .contains(ClaimDiscountsCommand.class, RestockCommand.class)
                .allMatch(Class::isRecord, "records");

        for (Class<?> command : commands) {
            CommandMessage<?> message = GenericCommandMessage.asCommandMessage(sample(command));
            String routingKey = routing.getRoutingKey(message);
            assertThat(routingKey)
                    .as("routing key of %s", command.getSimpleName())
                    .isNotNull()
                    .isEqualTo(targets.resolveTarget(message).getIdentifier());
        }
    }

    @Test
    void aBatchOfClaimsGoesToItsCampaignsNode() {
        CommandMessage<?> claims = GenericCommandMessage.asCommandMessage(new ClaimDiscountsCommand(
                "flash-1", List.of(new ClaimRequest("customer-1", "claim-1", "user:1", "correlation-1"))));
        assertThat(routing.getRoutingKey(claims)).isEqualTo("flash-1");
    }

    /** The command with a distinct value in each of its components. */
    private static Object sample(Class<?> command) throws Exception {
        RecordComponent[] components = command.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = valueOf(types[i], components[i].getName());
        }
        return command.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object valueOf(Class<?> type, String name) {
        if (type == String.class) {
            return name + "-of-the-sample";
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == int.class) {
            return 1;
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Instant.class) {
            return Instant.EPOCH;
        }
        return null;
    }
}
