namespace CorrelationHub.Sip.Messages;

/// <summary>One header line as received, name in canonical form, value unfolded and trimmed.</summary>
public readonly record struct SipHeader(string Name, string Value);
