namespace CorrelationHub.Persistence.Records;

/// <summary>What a CTI trace import found: pairing lines read, new pairs stored, and recordings they concern.</summary>
public sealed record CtiImportResult(int Lines, int Pairs, int NewPairs, int MatchingSegments);
