-- Voucher serials are `${prefix}${year}-NNNNNN`, numbered gap-free per programme; two programmes
-- sharing a prefix and a year would mint the same serials. One prefix per year, then.
CREATE UNIQUE INDEX programme_serial_prefix_year_key ON programme(serial_prefix, year);
