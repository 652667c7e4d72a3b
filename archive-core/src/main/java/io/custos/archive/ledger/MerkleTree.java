package io.custos.archive.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Merkle tree of RFC 6962 (section 2.1) over a checkpoint's chain links: leaves are hashed with a 0x00
 * prefix and inner nodes with 0x01, so a leaf can never pass for a node, and a tree of n leaves splits at the
 * largest power of two below n. Inclusion proofs are the RFC's audit paths, verifiable with the root alone.
 */
public final class MerkleTree {

    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest d = Digests.sha256();
        d.update(LEAF);
        return d.digest(leaf);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = Digests.sha256();
        d.update(NODE);
        d.update(left);
        return d.digest(right);
    }

    /** The root of the leaves (each a link hash); the empty tree's root is SHA-256 of nothing. */
    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return Digests.sha256().digest();
        }
        return new Prover(leaves).root(0, leaves.size());
    }

    /** The audit path of leaf {@code index} (0-based), bottom-up (RFC 6962 2.1.1). */
    public static List<byte[]> inclusionProof(List<byte[]> leaves, int index) {
        return new Prover(leaves).inclusionProof(index);
    }

    /**
     * Audit paths of many leaves of one tree. A tree of n leaves has 2n-1 subtrees; each root is computed once
     * and kept, so the paths of all n leaves cost O(n) hashes instead of O(n) each (an evidence bundle proves
     * thousands of leaves of the same checkpoint).
     */
    public static final class Prover {

        private final List<byte[]> leaves;
        private final Map<Long, byte[]> roots = new HashMap<>();

        public Prover(List<byte[]> leaves) {
            this.leaves = List.copyOf(leaves);
        }

        public List<byte[]> inclusionProof(int index) {
            if (index < 0 || index >= leaves.size()) {
                throw new IllegalArgumentException("leaf index out of range");
            }
            List<byte[]> path = new ArrayList<>();
            path(index, 0, leaves.size(), path);
            return path;
        }

        private void path(int index, int from, int to, List<byte[]> out) {
            int n = to - from;
            if (n == 1) {
                return;
            }
            int k = largestPowerOfTwoBelow(n);
            if (index - from < k) {
                path(index, from, from + k, out);
                out.add(root(from + k, to));
            } else {
                path(index, from + k, to, out);
                out.add(root(from, from + k));
            }
        }

        private byte[] root(int from, int to) {
            long key = ((long) from << 32) | to;
            byte[] cached = roots.get(key);
            if (cached != null) {
                return cached;
            }
            byte[] r;
            if (to - from == 1) {
                r = leafHash(leaves.get(from));
            } else {
                int k = largestPowerOfTwoBelow(to - from);
                r = nodeHash(root(from, from + k), root(from + k, to));
            }
            roots.put(key, r);
            return r;
        }
    }

    /** True if {@code leaf} is leaf {@code index} of a tree of {@code size} leaves with this root. */
    public static boolean verifyInclusion(byte[] leaf, int index, int size, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        // RFC 9162 2.1.3.2: walk up with the index and the last index of the tree.
        long fn = index;
        long sn = size - 1L;
        byte[] r = leafHash(leaf);
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
