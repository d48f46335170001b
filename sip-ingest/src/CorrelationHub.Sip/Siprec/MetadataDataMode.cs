namespace CorrelationHub.Sip.Siprec;

/// <summary>RFC 7865 §5.1: a complete snapshot replaces what the SRS knows; a partial update is merged on top.</summary>
public enum MetadataDataMode
{
    Complete,
    Partial,
}
