import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The root file system of the services' base image, made on this machine without any registry: a jlinked Java
 * runtime of the running JDK in /opt/java, the C libraries it links against (this Debian 12 machine's glibc: the
 * same family as distroless/java's), a passwd with the non-root user 65532, and /tmp. Jib layers it under each
 * service ({@code from: scratch}, {@code extraDirectories}).
 * Usage: {@code java deploy/base-image/BaseRootfs.java <output-directory>}
 */
public class BaseRootfs {

    static final List<String> MODULES = List.of("java.base", "java.logging", "java.naming", "java.management",
            "java.sql", "java.xml", "java.desktop", "java.instrument", "jdk.unsupported", "java.net.http",
            "java.security.jgss", "java.security.sasl", "jdk.crypto.cryptoki", "jdk.management", "jdk.naming.dns",
            "java.rmi", "java.scripting", "jdk.zipfs", "jdk.httpserver", "jdk.jfr", "java.compiler", "jdk.localedata",
            "java.transaction.xa", "jdk.management.agent");
    static final Pattern LIBRARY = Pattern.compile("(/[^\\s]+\\.so[^\\s]*)");

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        Path java = out.resolve("opt/java");
        if (Files.exists(java.resolve("bin/java"))) {
            return; // made already in this build
        }
        delete(out);
        Files.createDirectories(out.resolve("opt"));
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "jlink").toString(),
                "--add-modules", String.join(",", MODULES), "--strip-debug", "--no-header-files", "--no-man-pages",
                "--output", java.toString()));
        Set<String> libraries = new TreeSet<>();
        try (Stream<Path> files = Files.walk(java)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".so") || f.endsWith("bin/java")).toList()) {
                Matcher m = LIBRARY.matcher(run(List.of("ldd", file.toString())));
                while (m.find()) {
                    if (!m.group(1).startsWith(java.toString())) {
                        libraries.add(m.group(1));
                    }
                }
            }
        }
        for (String library : libraries) {
            Path target = out.resolve(library.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(library), target); // follows the symlink: the image holds the file under both names
        }
        Files.createDirectories(out.resolve("etc"));
        Files.writeString(out.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n");
        Files.writeString(out.resolve("etc/group"), "root:x:0:\nnonroot:x:65532:\n");
        Files.writeString(out.resolve("etc/nsswitch.conf"), "hosts: files dns\n");
        Files.createDirectories(out.resolve("tmp"));
        Files.createDirectories(out.resolve("home/nonroot"));
        System.out.println("base root file system in " + out + " (" + libraries.size() + " system libraries)");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
