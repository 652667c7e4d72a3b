package io.custos.archive.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The default append-only publication of checkpoints: one file per checkpoint under
 * {@code <root>/<tenant>/<region>/}, named by its first and last position (zero-padded, so names sort in chain
 * order), created with CREATE_NEW (an existing checkpoint is never overwritten), fsynced and made read-only.
 * The directory is meant to sit on write-once storage (WORM mount, object lock); this class never deletes.
 */
public final class CheckpointDirectory {

    /** The file name ending of a published checkpoint. */
    public static final String SUFFIX = ".checkpoint";

    private final Path root;

    public CheckpointDirectory(Path root) {
        this.root = root;
    }

    public void publish(Checkpoint c) {
        Path dir = root.resolve(c.chain().tenant()).resolve(c.chain().region());
        Path file = dir.resolve(String.format("%020d-%020d", c.first(), c.last()) + SUFFIX);
        try {
            Files.createDirectories(dir);
            byte[] bytes = encode(c).getBytes(StandardCharsets.UTF_8);
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(bytes));
                out.force(true);
            }
            file.toFile().setReadOnly();
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (FileAlreadyExistsException exists) {
            throw new IllegalStateException("checkpoint " + file.getFileName() + " already published");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish checkpoint " + file.getFileName(), e);
        }
    }

    /** The chain's published checkpoints in order. */
    public List<Checkpoint> read(ChainId chain) {
        List<Checkpoint> all = new ArrayList<>();
        for (Path f : files(chain)) {
            try {
                all.add(decode(Files.readString(f, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read checkpoint " + f.getFileName(), e);
            }
        }
        return all;
    }

    /**
     * The chain's checkpoint files in chain order, as published: a mirror copies these exact bytes elsewhere.
     * Their path relative to the root ({@code <tenant>/<region>/<first>-<last>.checkpoint}) is their name.
     */
    public List<Path> files(ChainId chain) {
        Path dir = root.resolve(chain.tenant()).resolve(chain.region());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints of " + chain.label(), e);
        }
    }

    /** The directory every checkpoint path is relative to. */
    public Path root() {
        return root;
    }

    /** Every chain that has a checkpoint directory (a verifier checks them even if the store lost every row). */
    public java.util.Set<ChainId> chains() {
        java.util.Set<ChainId> chains = new java.util.LinkedHashSet<>();
        if (!Files.isDirectory(root)) {
            return chains;
        }
        try (Stream<Path> tenants = Files.list(root)) {
            for (Path tenant : tenants.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> regions = Files.list(tenant)) {
                    regions.filter(Files::isDirectory).sorted().forEach(region -> chains.add(
                            new ChainId(tenant.getFileName().toString(), region.getFileName().toString())));
                }
            }
            return chains;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoint directory", e);
        }
    }

    /** The last position the chain's published checkpoints cover; 0 if none. */
    public long lastCheckpointed(ChainId chain) {
        List<Checkpoint> all = read(chain);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).last();
    }

    // A line-oriented text form: readable by an auditor with any tool, and parsed back by the verifier.
    public static String encode(Checkpoint c) {
        HexFormat hex = HexFormat.of();
        return "format=custos-ledger-checkpoint-v1\n"
                + "tenant=" + c.chain().tenant() + "\n"
                + "region=" + c.chain().region() + "\n"
                + "first=" + c.first() + "\n"
                + "last=" + c.last() + "\n"
                + "merkleRoot=" + hex.formatHex(c.merkleRoot()) + "\n"
                + "lastLinkHash=" + hex.formatHex(c.lastLinkHash()) + "\n"
                + "sealedAt=" + c.sealedAt() + "\n"
                + "keyId=" + c.keyId() + "\n"
                + "signature=" + Base64.getEncoder().encodeToString(c.signature()) + "\n";
    }

    public static Checkpoint decode(String text) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(text));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        HexFormat hex = HexFormat.of();
        return new Checkpoint(new ChainId(p.getProperty("tenant"), p.getProperty("region")),
                Long.parseLong(p.getProperty("first")), Long.parseLong(p.getProperty("last")),
                hex.parseHex(p.getProperty("merkleRoot")), hex.parseHex(p.getProperty("lastLinkHash")),
                Instant.parse(p.getProperty("sealedAt")), p.getProperty("keyId"),
                Base64.getDecoder().decode(p.getProperty("signature")));
    }
}
