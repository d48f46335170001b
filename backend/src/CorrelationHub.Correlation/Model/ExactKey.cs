namespace CorrelationHub.Correlation.Model;

/// <summary>
/// An identifier that both a recording and a dialog can carry, so that equal values join them exactly: a CUCM call
/// leg CI (<c>refci</c>), a session id, a call GUID, a vendor id from SIPREC metadata. Values are normalised by
/// <see cref="Keys.ExactKeys"/> so that the same key written two ways compares equal.
/// </summary>
public readonly record struct ExactKey(string Kind, string Value)
{
    public override string ToString() => $"{Kind}={Value}";
}
