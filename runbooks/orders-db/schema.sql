-- Demo schema and data of the orders database, used by runbooks/orders-db.md ("Seed").
-- Idempotent: every statement can run again without changing the result (IF NOT EXISTS,
-- ON CONFLICT DO NOTHING, deterministic values), so re-seeding never duplicates rows.
-- Row counts after seeding: customers 200, products 50, orders 1000, order_items 2500.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TABLE IF NOT EXISTS customers (
    id          bigint PRIMARY KEY,
    email       text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    notes       text,
    created_at  timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS products (
    id           bigint PRIMARY KEY,
    sku          text    NOT NULL UNIQUE,
    name         text    NOT NULL,
    price_cents  integer NOT NULL CHECK (price_cents > 0)
);

CREATE TABLE IF NOT EXISTS orders (
    id           bigint PRIMARY KEY,
    customer_id  bigint      NOT NULL REFERENCES customers (id),
    status       text        NOT NULL CHECK (status IN ('new', 'paid', 'packed', 'shipped', 'delivered')),
    placed_at    timestamptz NOT NULL,
    total_cents  integer     NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS order_items (
    order_id          bigint  NOT NULL REFERENCES orders (id),
    line_no           integer NOT NULL,
    product_id        bigint  NOT NULL REFERENCES products (id),
    quantity          integer NOT NULL CHECK (quantity > 0),
    unit_price_cents  integer NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- Secondary indexes: btree ones are checked with amcheck after a restore; the GIN index shows
-- that non-btree indexes are listed but not checked.
CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);
CREATE INDEX IF NOT EXISTS orders_placed_at_idx ON orders (placed_at);
CREATE INDEX IF NOT EXISTS orders_open_status_idx ON orders (status) WHERE status <> 'delivered';
CREATE INDEX IF NOT EXISTS order_items_product_id_idx ON order_items (product_id);
CREATE INDEX IF NOT EXISTS products_name_search_idx ON products USING gin (to_tsvector('simple', name));

CREATE OR REPLACE VIEW open_orders AS
    SELECT o.id, c.email, o.status, o.placed_at, o.total_cents
    FROM orders o JOIN customers c ON c.id = o.customer_id
    WHERE o.status <> 'delivered';

INSERT INTO customers (id, email, name, notes, created_at)
SELECT i,
       format('customer%s@example.com', i),
       format('Customer %s', i),
       -- a few notes with a newline and a tab: the dump's row counting must not be fooled by them
       CASE WHEN i % 50 = 0 THEN E'prefers delivery after 6pm\n\tgate code on file' END,
       timestamptz '2026-01-01 00:00:00+00' + make_interval(hours => i)
FROM generate_series(1, 200) AS i
ON CONFLICT DO NOTHING;

INSERT INTO products (id, sku, name, price_cents)
SELECT i, format('SKU-%s', lpad(i::text, 4, '0')), format('Product %s', i), 199 + (i * 37) % 5000
FROM generate_series(1, 50) AS i
ON CONFLICT DO NOTHING;

INSERT INTO orders (id, customer_id, status, placed_at)
SELECT i,
       1 + (i * 7) % 200,
       (ARRAY['new', 'paid', 'packed', 'shipped', 'delivered'])[1 + i % 5],
       timestamptz '2026-02-01 00:00:00+00' + make_interval(mins => i * 17)
FROM generate_series(1, 1000) AS i
ON CONFLICT DO NOTHING;

-- 2, 3, 2, 3 ... lines per order: 2500 lines for 1000 orders.
INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_cents)
SELECT o.id, l.line_no, p.id, 1 + (o.id + l.line_no) % 3, p.price_cents
FROM orders o
CROSS JOIN LATERAL generate_series(1, 2 + o.id % 2) AS l (line_no)
JOIN products p ON p.id = 1 + (o.id * 3 + l.line_no) % 50
WHERE o.id <= 1000
ON CONFLICT DO NOTHING;

UPDATE orders o
SET total_cents = t.total
FROM (SELECT order_id, sum(quantity * unit_price_cents)::integer AS total
      FROM order_items GROUP BY order_id) t
WHERE t.order_id = o.id AND o.total_cents IS DISTINCT FROM t.total;

ANALYZE customers, products, orders, order_items;
