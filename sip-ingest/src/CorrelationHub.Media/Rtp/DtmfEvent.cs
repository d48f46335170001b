namespace CorrelationHub.Media.Rtp;

/// <summary>A key pressed on a call (RFC 4733 telephone-event): which, when in the segment's file, how long.</summary>
public sealed record DtmfEvent(string Digit, double AtSeconds, int DurationMs);
