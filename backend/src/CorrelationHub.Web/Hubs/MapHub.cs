using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Hubs;

/// <summary>The live map's hub: server to client only.</summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class MapHub : Hub<IMapClient>
{
}
