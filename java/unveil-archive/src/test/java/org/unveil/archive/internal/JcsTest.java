package org.unveil.archive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8785 examples that fall inside the manifest value domain (no floating point). */
class JcsTest {
    private static String jcs(Object v) {
        return new String(Jcs.canonicalize(v), StandardCharsets.UTF_8);
    }

    @Test
    void sortsPropertiesByUtf16CodeUnitsAsRfc8785Section324() {
        // RFC 8785 3.2.3: keys "\u20ac", "\r", "\ufb33", "1", "\ud83d\ude00", "\u0080", "\u00f6" sort as below
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\u20ac", "Euro Sign");
        m.put("\r", "Carriage Return");
        m.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        m.put("1", "One");
        m.put("\ud83d\ude00", "Emoji: Grinning Face");
        m.put("\u0080", "Control");
        m.put("\u00f6", "Latin Small Letter O With Diaeresis");
        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}", jcs(m));
    }

    @Test
    void escapesOnlyWhatEcmascriptEscapes() {
        assertEquals("\"\\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"".replace("\\u20ac", "\u20ac"), jcs("\u20ac$\u000f\nA'B\"\\\\\"/"));
        assertEquals("\"\\b\\f\\t\\r\\u001f\u007f\u2028\"", jcs("\b\f\t\r\u001f\u007f\u2028"));
    }

    @Test
    void writesIntegersLiterallyAndRejectsUnsafeOnes() {
        assertEquals("[0,-1,9007199254740991,true,false,null]", jcs(java.util.Arrays.asList(0, -1L, 9007199254740991L, true, false, null)));
        assertThrows(IllegalArgumentException.class, () -> jcs(List.of(9007199254740992L)));
        assertThrows(IllegalArgumentException.class, () -> jcs(List.of(1.5)));
        assertThrows(IllegalArgumentException.class, () -> jcs("\ud800"));
    }
}
