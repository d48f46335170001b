namespace CorrelationHub.Correlation.Cti;

/// <summary>
/// One CUCM CTI trace line's pairing of a call leg (CH, the CI that recordings carry as <c>x-refci</c>) with the
/// global call (GCH) that Finesse knows as the dialog id.
/// </summary>
public sealed record CtiCallLeg
{
    public required int GchNode { get; init; }

    public required long Gch { get; init; }

    public required int ChNode { get; init; }

    /// <summary>The call-leg CI: the recording's <c>x-refci</c>.</summary>
    public required long Ch { get; init; }

    /// <summary>The Finesse dialog id: JTAPI CallID = (node &amp; 0xFF) &lt;&lt; 24 | (GCH &amp; 0xFFFFFF).</summary>
    public string DialogId => CtiTraceParser.DialogIdOf(GchNode, Gch).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The monitored line's directory number (the agent extension), when the line names it.</summary>
    public string? Dn { get; init; }

    public string? DeviceName { get; init; }

    /// <summary>The 32-hex-digit device Session-ID (also the recording's <c>x-sessionid</c>).</summary>
    public string? SessionDeviceId { get; init; }

    /// <summary>The line's time, when the importer knows the trace's date; null otherwise.</summary>
    public DateTimeOffset? TraceTime { get; init; }

    public required string Signal { get; init; }

    /// <summary>The trace line as read.</summary>
    public required string Line { get; init; }
}
