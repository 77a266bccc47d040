using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MusicVideo.Functions.Tests.Infrastructure;

/// <summary>
/// Invokes the Functions app's HTTP triggers in-process the way the worker's ASP.NET Core integration does: the route
/// from functions.metadata picks the function, a real <see cref="DefaultHttpContext"/> carries the request, the
/// [DurableClient] parameter gets the host's <see cref="DurableTaskClient"/>, route values bind by name, and the returned
/// <see cref="IResult"/> is executed against the context.
/// </summary>
public sealed class FunctionsHttpInvoker(WorkflowHost host)
{
    /// <summary>The host the tests pretend to be, as `func start` would serve it.</summary>
    public const string BaseUrl = "http://localhost:7071";

    readonly List<(FunctionEntry Function, TemplateMatcher Matcher)> _routes = FunctionsMetadata.Load().HttpFunctions
        .Select(f => (f, new TemplateMatcher(TemplateParser.Parse(f.Route!), new RouteValueDictionary())))
        .ToList();

    /// <summary>Sends one request; the answer's status, headers and body text.</summary>
    public async Task<HttpAnswer> SendAsync(string method, string pathAndQuery, string? contentType = null, byte[]? body = null, IDictionary<string, string>? headers = null)
    {
        string path = pathAndQuery.Split('?')[0];
        string query = pathAndQuery.Contains('?', StringComparison.Ordinal) ? pathAndQuery[pathAndQuery.IndexOf('?', StringComparison.Ordinal)..] : string.Empty;
        var values = new RouteValueDictionary();
        var (function, _) = _routes
            .Where(r => r.Function.Methods.Contains(method) && r.Matcher.TryMatch(path, values = new RouteValueDictionary()))
            .OrderBy(r => r.Function.Route!.Count(c => c == '{'))
            .FirstOrDefault();
        Assert.True(function is not null, $"No HTTP trigger in functions.metadata for {method} {path}.");
        _routes.Single(r => r.Function == function).Matcher.TryMatch(path, values = new RouteValueDictionary());

        await using var scope = host.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost", 7071);
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query);
        http.Request.RouteValues = values;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            http.Request.Headers[name] = value;
        }

        if (body is not null)
        {
            http.Request.Body = new MemoryStream(body);
            http.Request.ContentLength = body.Length;
        }

        if (contentType is not null)
        {
            http.Request.ContentType = contentType;
        }

        var response = new MemoryStream();
        http.Response.Body = response;

        var target = function.ResolveMethod();
        object? instance = target.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, target.DeclaringType!);
        var arguments = target.GetParameters().Select(object? (p) =>
            p.ParameterType == typeof(HttpRequest) ? http.Request
            : p.GetCustomAttribute<DurableClientAttribute>() is not null ? host.Client
            : p.ParameterType == typeof(string) && values.TryGetValue(p.Name!, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{function.Name}: no binding for parameter {p.Name}.")).ToArray();

        object? returned = target.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, arguments, null);
        var result = returned switch
        {
            Task<IResult> task => await task,
            IResult value => value,
            _ => throw new InvalidOperationException($"{function.Name} returned {returned?.GetType().Name}."),
        };
        await result.ExecuteAsync(http);
        return new HttpAnswer(
            http.Response.StatusCode,
            http.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Encoding.UTF8.GetString(response.ToArray()));
    }
}

/// <summary>An HTTP answer from either host: status, headers (case-insensitive) and body text.</summary>
public sealed record HttpAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
