using System.Globalization;
using System.Text.RegularExpressions;

namespace CorrelationHub.Correlation.Cti;

/// <summary>
/// Reads CUCM SDL trace lines that pair a call leg with its global call: <c>CtiNewCallNotify</c> (and the
/// similar <c>CtiCallStateChangedNotify</c>). A line is pipe-separated: sequence, time of day, SdlSig-I/O,
/// signal, state, processes, then the signal body with <c>GCH=node|id CH=node|ci</c>, <c>DeviceName=</c>,
/// calling/called party blocks and <c>Session-ID: Device= &lt;uuid&gt;</c>. Other lines are skipped.
/// </summary>
public static partial class CtiTraceParser
{
    private static readonly string[] Signals = ["CtiNewCallNotify", "CtiCallStateChangedNotify"];

    /// <summary>JTAPI CallID (the Finesse voice dialog id) = (CallManagerID &amp; 0xFF) &lt;&lt; 24 | (GlobalCallID &amp; 0xFFFFFF).</summary>
    public static long DialogIdOf(int node, long gch) => ((long)(node & 0xFF) << 24) | (gch & 0xFFFFFF);

    /// <param name="date">The trace's date, when known (SDL lines carry only the time of day).</param>
    /// <param name="utcOffset">The CUCM node's offset from UTC (traces are in local time).</param>
    public static CtiCallLeg? Parse(string line, DateOnly? date = null, TimeSpan utcOffset = default)
    {
        var fields = line.Split('|');
        if (fields.Length < 5)
        {
            return null;
        }

        var signal = fields[3].Trim();
        if (!Signals.Contains(signal, StringComparer.Ordinal))
        {
            return null;
        }

        var gch = GchPattern().Match(line);
        var ch = ChPattern().Match(line);
        if (!gch.Success || !ch.Success)
        {
            return null;
        }

        var deviceName = Value(DeviceNamePattern().Match(line));
        return new CtiCallLeg
        {
            Signal = signal,
            Line = line,
            GchNode = int.Parse(gch.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture),
            Gch = long.Parse(gch.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture),
            ChNode = int.Parse(ch.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture),
            Ch = long.Parse(ch.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture),
            DeviceName = deviceName,
            Dn = LineDn(line, deviceName),
            SessionDeviceId = Value(SessionPattern().Match(line))?.ToLowerInvariant(),
            TraceTime = Time(fields[1].Trim(), date, utcOffset),
        };
    }

    public static IEnumerable<CtiCallLeg> ParseAll(TextReader reader, DateOnly? date = null, TimeSpan utcOffset = default)
    {
        while (reader.ReadLine() is { } line)
        {
            if (Parse(line, date, utcOffset) is { } leg)
            {
                yield return leg;
            }
        }
    }

    /// <summary>The monitored line's DN: the party block (CGPN/CDPN) whose Device= is the line's device, else LineId.</summary>
    private static string? LineDn(string line, string? deviceName)
    {
        foreach (Match party in PartyPattern().Matches(line))
        {
            var body = party.Groups[2].Value;
            var device = Value(PartyDevicePattern().Match(body));
            var dn = Value(PartyDnPattern().Match(body));
            if (deviceName is not null && dn is not null && string.Equals(device, deviceName, StringComparison.OrdinalIgnoreCase))
            {
                return dn;
            }
        }

        return Value(LineIdPattern().Match(line));
    }

    private static DateTimeOffset? Time(string text, DateOnly? date, TimeSpan offset)
    {
        if (date is not { } day || !TimeOnly.TryParseExact(text, ["HH:mm:ss.fff", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return null;
        }

        return new DateTimeOffset(day.ToDateTime(time), offset).ToUniversalTime();
    }

    private static string? Value(Match match) => match.Success && match.Groups[1].Value.Trim() is { Length: > 0 } v ? v : null;

    [GeneratedRegex(@"\bGCH=(\d+)\|(\d+)")]
    private static partial Regex GchPattern();

    // The leg's CH; "Held CH=" (the held call of a transfer) and GCH= are not it.
    [GeneratedRegex(@"(?<!Held )(?<![A-Za-z])CH=(\d+)\|(\d+)")]
    private static partial Regex ChPattern();

    [GeneratedRegex(@"\bDeviceName=(\S+)")]
    private static partial Regex DeviceNamePattern();

    [GeneratedRegex(@"Session-ID:\s*Device=\s*([0-9A-Fa-f]{32})")]
    private static partial Regex SessionPattern();

    [GeneratedRegex(@"\b(CGPN|CDPN)=\[([^\]]*)\]")]
    private static partial Regex PartyPattern();

    [GeneratedRegex(@"(?:^|\s)DN=(\S*)")]
    private static partial Regex PartyDnPattern();

    [GeneratedRegex(@"\bDevice=(\S*)")]
    private static partial Regex PartyDevicePattern();

    [GeneratedRegex(@"LineId \[DN=(\S*)")]
    private static partial Regex LineIdPattern();
}
