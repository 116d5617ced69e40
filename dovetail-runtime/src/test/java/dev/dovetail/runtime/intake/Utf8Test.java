package dev.dovetail.runtime.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void valid_text_in_every_plane_passes() {
        assertThat(Utf8.firstInvalid("a é 中 😀 \u007f \u0800 \uffff".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void overlong_forms_surrogates_and_out_of_range_code_points_fail_at_their_first_byte() {
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xC0, (byte) 0x80})).isEqualTo(1);
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF})).isZero();
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isZero();
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).isZero();
        assertThat(Utf8.firstInvalid(new byte[] {'a', 'b', (byte) 0xE4, (byte) 0xB8})).isEqualTo(2);
    }

    @Test
    void it_agrees_with_the_jdks_strict_decoder_on_random_bytes() {
        var random = new SplittableRandom(20260501);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(1, 8)];
            for (int k = 0; k < bytes.length; k++) bytes[k] = (byte) random.nextInt(0x70, 0x100);
            assertThat(Utf8.firstInvalid(bytes) < 0).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
