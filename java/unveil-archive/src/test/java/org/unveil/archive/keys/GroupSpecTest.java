package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GroupSpecTest {
    @Test
    void parsesMOfN() {
        assertEquals(new GroupSpec(3, 5), GroupSpec.parse("3/5"));
        assertEquals(new GroupSpec(255, 255), GroupSpec.parse(" 255 / 255 "));
        assertEquals("1/1", GroupSpec.parse("1/1").toString());
    }

    @Test
    void rejectsOutOfRange() {
        for (String bad : new String[] {"0/3", "4/3", "1/256", "1/0", "-1/2", "3", "3/5/7", "a/b", "", "/"}) {
            assertThrows(IllegalArgumentException.class, () -> GroupSpec.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> GroupSpec.parse(null));
    }
}
