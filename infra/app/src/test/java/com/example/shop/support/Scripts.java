package com.example.shop.support;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The shell scripts under {@code infra/}, run as a user runs them: bash, curl and jq on the PATH. */
public final class Scripts {

    private Scripts() {}

    public record Run(int exitCode, String output) {}

    /**
     * The script of that name beside the app module (tests run in {@code infra/app}); skips the test when
     * bash, curl or jq is missing on this machine.
     */
    public static Path script(String name) {
        for (String tool : List.of("bash", "curl", "jq")) {
            assumeThat(onPath(tool)).as(tool + " is needed to run " + name).isTrue();
        }
        Path script = Path.of("").toAbsolutePath().getParent().resolve(name);
        if (!Files.isExecutable(script)) {
            throw new AssertionError(script + " is missing or not executable");
        }
        return script;
    }

    /** Runs the script with these variables added (and SHOP_TOKEN only when given), stdout and stderr merged. */
    public static Run run(Path script, Map<String, String> environment, Duration patience, String... arguments)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(script.getFileName().toString(), ".out");
        try {
            List<String> command = new ArrayList<>(List.of(script.toString()));
            command.addAll(Arrays.asList(arguments));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().remove("SHOP_TOKEN");
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script.getFileName() + " did not end within " + patience + ": "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null
                && Arrays.stream(path.split(File.pathSeparator))
                        .anyMatch(directory -> Files.isExecutable(Path.of(directory, tool)));
    }
}
