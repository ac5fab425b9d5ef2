package app.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image {@code jib:buildTar} made in this build (pre-integration-test) is a Docker image archive: a manifest,
 * a config (non-root user, PATH to the runtime, the gateway's main class) and the layers it names, holding the Java
 * runtime, the C library and the application. Run as root, it also starts the image's own {@code java} in a chroot
 * of the unpacked layers: the base runs without Docker.
 */
class ImageArchiveIT {

    static final Path ARCHIVE = Path.of("target", "jib-image.tar");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theImageArchiveHasAManifestAConfigAndItsLayers() throws Exception {
        assertThat(ARCHIVE).exists();
        Map<String, byte[]> entries = read(Files.newInputStream(ARCHIVE));
        JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
        JsonNode config = JSON.readTree(entries.get(manifest.get("Config").asString()));
        assertThat(config.get("config").get("User").asString()).isEqualTo("65532:65532");
        assertThat(config.get("config").get("Env").toString()).contains("PATH=/opt/java/bin");
        assertThat(config.get("config").get("Entrypoint").toString()).contains("java").contains("GatewayApplication");
        assertThat(manifest.get("RepoTags").get(0).asString()).startsWith("platform/gateway:");

        Path root = Files.createTempDirectory("image-root");
        List<String> files = new ArrayList<>();
        for (JsonNode layer : manifest.get("Layers")) {
            byte[] bytes = entries.get(layer.asString());
            assertThat(bytes).as("layer " + layer).isNotNull();
            unpack(new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)), root, files);
        }
        assertThat(files).contains("opt/java/bin/java", "lib64/ld-linux-x86-64.so.2", "etc/passwd")
                .anyMatch(f -> f.startsWith("app/classes/app/platform/gateway/"));
        assertThat(config.get("rootfs").get("diff_ids")).hasSize(manifest.get("Layers").size());

        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/chroot"))) {
            ProcessBuilder chroot = new ProcessBuilder("/usr/sbin/chroot", root.toString(), "/opt/java/bin/java", "-version")
                    .redirectErrorStream(true);
            // a container mounts /proc, from which the loader learns $ORIGIN (java's RPATH); a bare chroot has none
            chroot.environment().put("LD_LIBRARY_PATH", "/opt/java/lib:/opt/java/lib/server");
            Process java = chroot.start();
            String output = new String(java.getInputStream().readAllBytes());
            assertThat(java.waitFor()).as(output).isZero();
            assertThat(output).contains("Runtime Environment");
        }
    }

    private static Map<String, byte[]> read(InputStream in) throws IOException {
        Map<String, byte[]> entries = new java.util.HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    entries.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static void unpack(InputStream layer, Path root, List<String> files) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(layer)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                Path target = root.resolve(name).normalize();
                if (!target.startsWith(root)) {
                    continue;
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().setExecutable((e.getMode() & 0111) != 0, false);
                    files.add(name);
                }
            }
        }
    }
}
