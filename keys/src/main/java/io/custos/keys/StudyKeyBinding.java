package io.custos.keys;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The associated data a study's data key is wrapped with: key id and study reference, so a wrapped key copied
 * to another row does not unwrap. Creation, unwrapping and rewrapping after rotation must all use this.
 */
final class StudyKeyBinding {

    private StudyKeyBinding() {
    }

    static byte[] associatedData(String keyId, String studyRef) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-study-dek-v1");
            out.writeUTF(keyId);
            out.writeUTF(studyRef);
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
