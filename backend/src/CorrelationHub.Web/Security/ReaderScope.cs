using CorrelationHub.Web.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Security;

/// <summary>The <see cref="TeamScope"/> of the request's reader.</summary>
public static class ReaderScope
{
    public static TeamScope Of(HttpContext context) =>
        TeamScope.For(context.User, context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.IsOpen);
}
