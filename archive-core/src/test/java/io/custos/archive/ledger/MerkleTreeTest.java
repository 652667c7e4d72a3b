package io.custos.archive.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    @Test
    void rootsMatchTheRfc6962ReferenceValues() {
        // Certificate Transparency's reference test leaves and roots (RFC 6962 implementations' test vectors).
        List<byte[]> leaves = List.of(hex(""), hex("00"), hex("10"), hex("2021"), hex("3031"), hex("40414243"),
                hex("5051525354555657"), hex("606162636465666768696a6b6c6d6e6f"));
        assertThat(HexFormat.of().formatHex(MerkleTree.root(leaves.subList(0, 1))))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(HexFormat.of().formatHex(MerkleTree.root(leaves.subList(0, 2))))
                .isEqualTo("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertThat(HexFormat.of().formatHex(MerkleTree.root(leaves)))
                .isEqualTo("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    }

    @Test
    void everyLeafOfEveryTreeUpTo33LeavesHasAProofThatVerifiesAndOnlyForItself() {
        for (int size = 1; size <= 33; size++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(("leaf-" + i).getBytes(StandardCharsets.UTF_8));
            }
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < size; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(leaves, i);
                assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, size, proof, root))
                        .as("leaf %d of %d", i, size).isTrue();
                assertThat(MerkleTree.verifyInclusion("forged".getBytes(StandardCharsets.UTF_8), i, size, proof, root))
                        .isFalse();
                if (size > 1) {
                    assertThat(MerkleTree.verifyInclusion(leaves.get(i), (i + 1) % size, size, proof, root)).isFalse();
                }
            }
        }
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
