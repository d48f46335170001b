namespace CorrelationHub.SipIngest.Uas;

/// <summary>RFC 3261 §12: Call-ID, local tag (our To tag) and remote tag (their From tag).</summary>
public readonly record struct DialogId(string CallId, string LocalTag, string RemoteTag);
