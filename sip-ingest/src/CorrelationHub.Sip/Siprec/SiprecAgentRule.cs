namespace CorrelationHub.Sip.Siprec;

/// <summary>
/// How the agent (the recorded party whose voice goes to the left channel) is picked among SIPREC participants
/// (docs/interop.md MD-2: every vendor's convention is a heuristic, so it is configurable per deployment).
/// </summary>
public enum SiprecAgentRule
{
    /// <summary>An explicit extension element, else the one participant with an extension-length number, else <see cref="AnchorIsCustomer"/>.</summary>
    Auto,

    /// <summary>The one participant whose number has at most the configured digits (an internal extension).</summary>
    ExtensionLength,

    /// <summary>CUBE: "the first participant is always the anchor leg of the call"; for inbound contact-centre calls that is the customer, so the agent is the next participant.</summary>
    AnchorIsCustomer,

    /// <summary>The first participant is the agent (outbound deployments where the anchor leg is the agent's).</summary>
    AnchorIsAgent,

    /// <summary>AWS Chime's convention: the stream with the lexicographically lowest label is the agent's.</summary>
    LowestLabel,
}
