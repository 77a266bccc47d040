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
        object? result = await next(context);
        return result is IValueHttpResult { Value: ErrorBody body } and IStatusCodeHttpResult { StatusCode: int status }
            ? Errors.SeedShaped(status, body)
            : result;
    }
}
