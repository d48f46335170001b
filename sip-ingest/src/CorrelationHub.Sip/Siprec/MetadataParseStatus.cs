namespace CorrelationHub.Sip.Siprec;

public enum MetadataParseStatus
{
    Ok,

    /// <summary>DTD, entity, too large, too deep or too many elements: refused outright (400, docs/interop.md T35).</summary>
    Hostile,

    /// <summary>Not well-formed or not recording metadata: the call is still recorded and the metadata flagged (docs/interop.md, response codes).</summary>
    Invalid,
}
