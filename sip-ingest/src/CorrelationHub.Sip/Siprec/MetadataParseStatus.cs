namespace CorrelationHub.Sip.Siprec;

public enum MetadataParseStatus
{
    Ok,

    /// <summary>DTD, entity, too large, too deep or too many elements: refused outright (400, research T35).</summary>
    Hostile,

    /// <summary>Not well-formed or not recording metadata: the call is still recorded and the metadata flagged (research §2.9).</summary>
    Invalid,
}
