/**
 * Whether an expert artifact may be merged: every check of integrity (digests, the owner's
 * signature), identity (the anchor), structure (tensor names, shapes, dtypes, finite values),
 * numeric sanity (each projection against the public FFN it started from) and quality (a public
 * probe text, the owner's declared metric), collected into one {@link
 * dev.flexmoe.model.validation.ValidationReport} with a stable code per failure. Plain math and
 * files: a service fetches the inputs and publishes the report.
 */
package dev.flexmoe.model.validation;
