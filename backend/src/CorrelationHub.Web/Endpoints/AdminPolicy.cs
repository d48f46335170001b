namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// The <c>admin</c> policy for actions that change stored conclusions or read the audit log (re-correlation, CTI
/// import, legal holds, <c>/api/audit</c>): an administrator account or an API key (<c>X-Api-Key</c>), or anyone under
/// <c>Access:Mode=Open</c>. Registered with the other policies in <c>Security.SecurityServiceCollectionExtensions</c>.
/// </summary>
public static class AdminPolicy
{
    public const string Name = "admin";
}
