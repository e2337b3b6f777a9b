package org.unveil.ipfs.gateway;

/**
 * A single-part HTTP {@code Range: bytes=...} request (RFC 9110 section 14.1.2) resolved against
 * a file size. Multi-part ranges are ignored (the full file is sent, which the RFC allows).
 */
record HttpRange(long start, long endExclusive) {

    long length() {
        return endExclusive - start;
    }

    /**
     * @return the range, or null to send the whole file (no header, or one we choose to ignore)
     * @throws GatewayRequestException 416 when the range lies wholly outside the file
     */
    static HttpRange parse(String header, long size) {
        if (header == null) return null;
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) return null;
        String spec = h.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            long start;
            long end;
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) throw unsatisfiable(header, size);
                start = Math.max(0, size - suffix);
                end = size;
            } else {
                start = Long.parseLong(a);
                end = b.isEmpty() ? size : Math.min(size, Long.parseLong(b) + 1);
                if (start < 0 || (!b.isEmpty() && Long.parseLong(b) < start)) return null;
            }
            if (start >= size) throw unsatisfiable(header, size);
            return new HttpRange(start, end);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static GatewayRequestException unsatisfiable(String header, long size) {
        return new GatewayRequestException(416, "range [" + GatewayRequest.abbreviate(header)
                + "] is outside the file of " + size + " bytes");
    }
}
