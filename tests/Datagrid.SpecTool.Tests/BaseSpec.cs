namespace Datagrid.SpecTool.Tests;

/// <summary>
/// A small spec touching every rule; each comparison test mutates one piece of it by exact text replacement
/// (the replacement must match, so a fixture typo fails loudly instead of passing vacuously).
/// </summary>
internal static class BaseSpec
{
    public const string Yaml = """
        openapi: 3.0.3
        info:
          title: Fixture
          version: '1'
        servers:
          - url: https://api.example.com/v1
        security:
          - Bearer: []
        paths:
          /items/{item_id}:
            get:
              operationId: Items.get
              summary: Get an item
              parameters:
                - {name: item_id, in: path, required: true, schema: {type: string}}
                - {name: limit, in: query, schema: {type: integer}}
                - {name: X-Tag, in: header, required: true, schema: {type: string}}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Item'}
                '429':
                  description: limited
          /items:
            post:
              operationId: Items.create
              parameters:
                - {name: mode, in: query, schema: {type: string, enum: [fast, slow]}}
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/NewItem'}
              responses:
                '201':
                  description: created
        components:
          schemas:
            Item:
              type: object
              required: [id]
              properties:
                id: {type: string}
                kind: {type: string, enum: [a, b]}
                count: {type: integer}
                tags: {type: array, items: {type: string}}
                owner: {$ref: '#/components/schemas/Owner'}
                payload:
                  oneOf:
                    - {$ref: '#/components/schemas/Owner'}
                    - {type: string}
            Owner:
              type: object
              properties:
                name: {type: string}
                parent: {$ref: '#/components/schemas/Owner'}
            NewItem:
              type: object
              required: [name]
              properties:
                name: {type: string}
                note: {type: string}
          securitySchemes:
            Bearer: {type: http, scheme: bearer}
        """;

    /// <summary>Applies (find, replace) pairs in order; each find must occur exactly once.</summary>
    public static string With(params (string Find, string Replace)[] edits) => Apply(Yaml, edits);

    public static string Apply(string yaml, params (string Find, string Replace)[] edits)
    {
        foreach (var (find, replace) in edits)
        {
            var first = yaml.IndexOf(find, StringComparison.Ordinal);
            if (first < 0 || yaml.IndexOf(find, first + 1, StringComparison.Ordinal) >= 0)
            {
                throw new ArgumentException($"Fixture edit must match exactly once: '{find}'");
            }

            yaml = yaml.Replace(find, replace, StringComparison.Ordinal);
        }

        return yaml;
    }
}
