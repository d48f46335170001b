namespace CorrelationHub.Facts;

/// <summary>A key pressed on a track: the digit (0–9, *, #, A–D), seconds from the start of the segment's file, milliseconds held.</summary>
public sealed record DtmfDigit(string Digit, double AtSeconds, int DurationMs);
