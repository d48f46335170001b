namespace CorrelationHub.Sip.Siprec;

public sealed record MetadataParseResult(MetadataParseStatus Status, RecordingMetadata? Metadata, string? Error = null)
{
    public bool IsOk => Status == MetadataParseStatus.Ok;
}
