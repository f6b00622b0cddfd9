// The browser's IANA time zone (e.g. "Asia/Kolkata"), so that pages show times as the viewer lives them.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
