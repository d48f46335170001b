namespace CorrelationHub.Sip.Cucm;

/// <summary>Which voice a CUCM Built-in-Bridge recording leg carries.</summary>
public enum CucmLegDirection
{
    /// <summary><c>x-nearend</c>: the agent's (recorded device's) voice.</summary>
    NearEnd,

    /// <summary><c>x-farend</c>: the other party's voice.</summary>
    FarEnd,
}
