using CorrelationHub.Web.Live;
using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Hubs;

/// <summary>
/// The live map's hub. <c>Subscribe()</c> answers a <see cref="MapSnapshot"/> limited to the reader's teams
/// (<see cref="TeamScope"/>); the server then pushes <c>Delta</c> and <c>Tick</c> (see <see cref="MapFeed"/>). Calling
/// <c>Subscribe()</c> again (after a version gap) starts over with a fresh snapshot.
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class MapHub(MapFeed feed, IOptions<AccessOptions> access) : Hub<IMapClient>
{
    public Task<MapSnapshot> Subscribe() =>
        feed.SubscribeAsync(Context.ConnectionId, TeamScope.For(Context.User ?? new System.Security.Claims.ClaimsPrincipal(), access.Value.IsOpen), Context.ConnectionAborted);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feed.Unsubscribe(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
