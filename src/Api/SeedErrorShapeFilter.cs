using MusicVideo.Api.Management;

namespace MusicVideo.Api;

/// <summary>
/// On the seed routes, an error also carries the seed's FastAPI envelope, <c>detail: {error, message, details}</c>,
/// beside our top-level fields, so a seed client that shows <c>detail.message</c> shows our message; status codes stay ours.
/// </summary>
sealed class SeedErrorShapeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        return Apply(await next(context));
    }

    /// <summary>The seed-shaped error for an error result; any other result unchanged (hosts without endpoint filters call this).</summary>
    internal static T Apply<T>(T result) => result is IValueHttpResult { Value: ErrorBody body } and IStatusCodeHttpResult { StatusCode: int status }
        ? (T)Errors.SeedShaped(status, body)
        : result;
}
